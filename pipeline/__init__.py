"""The top of the dependency order: the pipeline of a cycle (``stages``, ``services``) and what
brings the apps together for a person: the home page's tasks, the dossier as each party may read it."""
