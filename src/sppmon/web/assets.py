"""The app's static files, versioned and compressed once.

The chart script bundles Vega-Embed, Vega-Lite and Vega from the ``vl-convert-python`` package (its bundler
offers Vega-Lite's compiler only through Vega-Embed): 900 KB, about 290 KB with Zopfli's gzip and 260 KB with
brotli on the wire. Bundling and compressing take seconds, so the result is kept in the user's cache folder under a name
derived from the bundler's version and the snippet: later starts, and every worker process of ``sppmon serve``,
read it from there. Each asset is served under a URL that carries a digest of its content
(``/static/charts.<digest>.js``), with a year-long ``immutable`` cache lifetime: a new version has a new URL.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from ..outputs.atomic import atomic_binary_file

CHART_SNIPPET = """
function sppmonFit(spec, element) {
  // On a wide screen labels are shown whole (up to 300 px). On a narrow one a single chart takes the width of
  // its box, its legend below and its labels shorter; small multiples keep their size and scroll in their box.
  var config = Object.assign({}, spec.config || {});
  if (element.clientWidth >= 640 || spec.hconcat || spec.vconcat || spec.concat) {
    config.axisY = Object.assign({labelLimit: 300}, config.axisY || {});
    return Object.assign({}, spec, {config: config});
  }
  config.legend = Object.assign({}, config.legend || {}, {orient: "bottom", direction: "vertical"});
  config.axisY = Object.assign({}, config.axisY || {}, {labelLimit: 120});
  return Object.assign({}, spec, {width: "container", autosize: {type: "fit-x", contains: "padding"}, config: config});
}
function sppmonCharts() {
  var options = {actions: false, renderer: "svg"};
  var locale = document.getElementById("chart-locale");
  if (locale) { options.formatLocale = JSON.parse(locale.textContent); }
  document.querySelectorAll(".vl-chart").forEach(function (element) {
    var source = document.getElementById(element.dataset.spec);
    if (!source) { return; }
    vegaEmbed(element, sppmonFit(JSON.parse(source.textContent), element), options)
      .catch(function (error) { element.textContent = String(error); });
  });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", sppmonCharts);
} else {
  sppmonCharts();
}
"""
ENCODINGS = ("br", "gzip")  # preferred first
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Asset:
    name: str  # charts.js, style.css
    media_type: str
    body: bytes
    compressed: dict[str, bytes]  # encoding → body
    digest: str = field(init=False)  # of the body, once: every page names the assets by it

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", hashlib.sha256(self.body).hexdigest()[:12])

    @property
    def url(self) -> str:
        stem, _, extension = self.name.rpartition(".")
        return f"/static/{stem}.{self.digest}.{extension}"

    def best(self, accept_encoding: str) -> tuple[bytes, str | None]:
        """The smallest body the client accepts, and its encoding (None: identity)."""
        accepted = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")}
        for encoding in ENCODINGS:
            if encoding in accepted and encoding in self.compressed:
                return self.compressed[encoding], encoding
        return self.body, None


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sppmon" / "assets"


def compress(body: bytes) -> dict[str, bytes]:
    """gzip (with Zopfli, whose output any gzip reader reads and which is 4–5 % smaller, when installed) and
    brotli; both at their slowest and smallest, since each asset is compressed once."""
    try:
        import zopfli.gzip

        found = {"gzip": bytes(zopfli.gzip.compress(body))}
    except ImportError:
        found = {"gzip": gzip.compress(body, compresslevel=9, mtime=0)}
    try:
        import brotli

        found["br"] = brotli.compress(body, quality=11)
    except ImportError:  # brotli is a dependency; without it the gzip variant serves every browser
        pass
    return found


def _cached(name: str, version: str, build: Callable[[], bytes]) -> tuple[bytes, dict[str, bytes]]:
    """The body and compressed bodies of an asset, from the cache folder or built (and stored there)."""
    folder = cache_folder()
    paths = {encoding: folder / f"{name}.{version}.{encoding}" for encoding in ("identity", *ENCODINGS)}
    try:
        found = {encoding: path.read_bytes() for encoding, path in paths.items() if path.exists()}
        if "identity" in found and "gzip" in found:
            return found.pop("identity"), found
    except OSError:
        pass
    body = build()
    compressed = compress(body)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for encoding, data in (("identity", body), *compressed.items()):
            with atomic_binary_file(paths[encoding]) as handle:
                handle.write(data)
    except OSError:  # a read-only home: the asset is rebuilt at the next start, nothing else changes
        pass
    return body, compressed


def _chart_bundle() -> bytes:
    import vl_convert

    return str(vl_convert.javascript_bundle(CHART_SNIPPET)).encode()


@functools.cache
def chart_script() -> Asset:
    with _LOCK:
        version = hashlib.sha256((metadata.version("vl-convert-python") + CHART_SNIPPET).encode()).hexdigest()[:16]
        body, compressed = _cached("charts.js", version, _chart_bundle)
        return Asset("charts.js", "text/javascript; charset=utf-8", body, compressed)


@functools.cache
def style_sheet() -> Asset:
    body = resources.files("sppmon.web").joinpath("static", "style.css").read_bytes()
    return Asset("style.css", "text/css; charset=utf-8", body, compress(body))


@functools.cache
def page_script() -> Asset:
    body = resources.files("sppmon.web").joinpath("static", "page.js").read_bytes()
    return Asset("page.js", "text/javascript; charset=utf-8", body, compress(body))


ASSETS = {"charts.js": chart_script, "style.css": style_sheet, "page.js": page_script}


def asset_url(name: str) -> str:
    """The versioned URL of a static file, for templates."""
    return ASSETS[name]().url


def prepare() -> None:
    """Build (or load) every asset: at start-up, so that no visitor waits for the bundler."""
    for build in ASSETS.values():
        build()
