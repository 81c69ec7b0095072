"""Outcome estimates: the energy and CO2 that procurement saves, from the EED and CVD fields of result notices."""
