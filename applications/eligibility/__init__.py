"""Eligibility review (资格审核): the scheme's basic conditions, computed (``checks``) or ticked by
staff, the office's decision (``services``), its pages (``views``), home tasks and the accepted list."""
