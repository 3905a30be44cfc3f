"""The public attempts log of mutating Vinted requests, per Vinted account."""
