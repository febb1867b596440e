"""The pages of the end of a cycle: ``vote`` (evaluation and the committee vote) and ``end`` (consultation,\napproval, announcement, certificates, each applicant's outcome)."""
