"""Changes to notices (``notices``) and objections (``objections``), one module each."""
