"""Local emulators of the Twilio Video and Zoom Video SDK REST APIs (Starlette + Uvicorn)."""
