"""Generated sample notices (fictitious, XSD-valid eForms) for the demo, benchmarks and tests."""

from .generator import SampleGenerator
from .package import write_sample

__all__ = ["SampleGenerator", "write_sample"]
