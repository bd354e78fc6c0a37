"""The fuzz suite: hostile and random input to every door of ivr, and the promise that nothing but a
clear error or a 4xx comes back (never a traceback, never a 500). See budget.py for how long it runs."""
