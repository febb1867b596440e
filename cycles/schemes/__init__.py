"""The five shipped award schemes, one module each, as plain data (read by ``cycles.loader``).

Each scheme module holds AUTHORITY, SCHEME, TIERS, CATEGORIES, STAGES, CONDITIONS and SANCTIONS,
and may hold RUBRICS of its own; ``gbt19580`` holds the shared national rubric.
"""

from . import gbt19580, jinzhong, lanzhou, qingyuan, qinzhou, suizhou

SCHEME_MODULES = [suizhou, qinzhou, qingyuan, jinzhong, lanzhou]
NATIONAL_RUBRICS = [gbt19580.RUBRIC]
SHIPPED_CODES = [module.SCHEME["code"] for module in SCHEME_MODULES]
