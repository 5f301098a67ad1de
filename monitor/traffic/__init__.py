"""Traffic analysis: decode captured requests, find PI values in them (raw and in the forms SDKs send
them), endpoint adapters that name PI fields of known SDK endpoints, and which flows belong to the app."""
