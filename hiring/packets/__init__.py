"""PDF packets for print: interview kits, decision memos, finalists' packets, onboarding plans."""
