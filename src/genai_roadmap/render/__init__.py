"""Renderers: they only format the plain result objects the commands return (text or JSON).

Everything they show arrives on the result; none of them reads a file.
"""
