"""Pages of the knowledge app: playbooks, decision notes, reuse across teams."""
