"""JavaScript/TypeScript rewrite: twilio-video front ends to @zoom/videosdk, Node back ends
on the twilio package to Zoom session JWTs and Zoom REST (see docs/rewrite.md)."""
