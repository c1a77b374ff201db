"""The pure engine: policy x facts x date -> verdicts, floors, walks through time. No I/O, no clock."""
