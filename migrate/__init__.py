"""twilio2zoom: move applications and archives from Twilio Programmable Video to Zoom."""

__version__ = "0.1.0"
