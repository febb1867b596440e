"""The demo that ``make run`` loads, and the benchmark: at the very top of the dependency order,
they may use every app and nothing imports them."""
