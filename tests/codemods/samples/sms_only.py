from twilio.rest import Client

client = Client()


def notify(to: str, body: str) -> None:
    client.messages.create(to=to, from_="+15550000000", body=body)
