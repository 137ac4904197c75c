#!/usr/bin/env python
"""Django's usual entry point; `learnloop` does the same."""

from learnloop.__main__ import main

if __name__ == "__main__":
    main()
