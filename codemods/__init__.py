"""LibCST codemods that move Python code from Twilio Video to Zoom (one command per module)."""
