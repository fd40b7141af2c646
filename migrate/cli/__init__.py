"""The twilio2zoom command line: a thin shell over functions that tests call directly."""
