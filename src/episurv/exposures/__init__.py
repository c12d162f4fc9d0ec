"""Public exposure notices from cases' movement histories, and self-declarations."""
