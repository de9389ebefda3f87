"""Fair rotation of inconvenient slots: candidates, the plan, the solver."""
