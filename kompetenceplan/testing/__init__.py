"""Test helpers shared by every app's tests: factories, threads, the browser and
the permission matrix. This package stands above every app in the layer order
(it may import any of them) and nothing outside tests imports it."""
