"""Fair rotation of inconvenient slots: candidates and the plan, the objective, the solver."""
