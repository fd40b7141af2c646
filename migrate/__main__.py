"""`python -m migrate` runs the twilio2zoom command line."""

from migrate.cli.app import main

if __name__ == "__main__":
    main()
