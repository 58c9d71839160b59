"""The competency library: versioned competencies, behavioural questions, role profiles."""
