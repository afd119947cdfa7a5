"""One module per outlet; each spider is a name plus an Outlet (see base.py)."""
