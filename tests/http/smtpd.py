#!/usr/bin/env python3
"""A local SMTP server for the mail tests: each message it accepts is
written to DIR/N.eml (N from 1), as received.  aiosmtpd (Debian
python3-aiosmtpd).   smtpd.py PORT DIR"""
import asyncio
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, d):
        self.d = d

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(self.d) if f.endswith('.eml')]) + 1
        tmp = os.path.join(self.d, '%d.tmp' % n)
        with open(tmp, 'wb') as f:
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.d, '%d.eml' % n))
        return '250 OK'


def main():
    port, d = int(sys.argv[1]), sys.argv[2]
    os.makedirs(d, exist_ok=True)
    c = Controller(Keep(d), hostname='127.0.0.1', port=port)
    c.start()
    print('ready', flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    c.stop()


if __name__ == '__main__':
    main()
