"""Browser tests of the case player (a package, so its conftest is never mistaken for another folder's)."""
