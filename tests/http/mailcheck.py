#!/usr/bin/env python3
"""Checks of the messages the test SMTP server kept (DIR/N.eml), parsed
with Python's email module.
  mailcheck.py DIR count [SUBJECT]    how many (whose subject has SUBJECT)
  mailcheck.py DIR check SUBJECT [--pdf] [--has TEXT]... [--secret CODE] [--to ADDR]
      exactly one message has SUBJECT in its subject; it is well-formed
      MIME (Date, Message-ID, From, To, MIME-Version, a UTF-8 text part);
      with --pdf it has one PDF attachment; its text has each TEXT; no link
      in it holds CODE (nor does any header).  Prints what is wrong.
  mailcheck.py DIR text SUBJECT       the text of the last such message"""
import email
import email.policy
import glob
import os
import re
import sys


def messages(d):
    out = []
    for p in sorted(glob.glob(os.path.join(d, '*.eml')),
                    key=lambda p: int(os.path.basename(p)[:-4])):
        with open(p, 'rb') as f:
            out.append(email.message_from_binary_file(f, policy=email.policy.default))
    return out


def with_subject(d, s):
    return [m for m in messages(d) if s in str(m['Subject'])]


def text_of(m):
    part = m.get_body(preferencelist=('plain',))
    return part.get_content() if part is not None else ''


def check(d, args):
    subj = args[0]
    pdf, has, secret, to = False, [], None, None
    i = 1
    while i < len(args):
        if args[i] == '--pdf':
            pdf = True
        elif args[i] == '--has':
            i += 1
            has.append(args[i])
        elif args[i] == '--secret':
            i += 1
            secret = args[i]
        elif args[i] == '--to':
            i += 1
            to = args[i]
        i += 1
    ms = with_subject(d, subj)
    bad = []
    if len(ms) != 1:
        return ['%d messages with subject %r, wanted 1' % (len(ms), subj)]
    m = ms[0]
    for h in ('Date', 'Message-ID', 'From', 'To', 'MIME-Version', 'Subject'):
        if m[h] is None:
            bad.append('no ' + h)
    if m.defects:
        bad.append('defects: %r' % m.defects)
    if m['Date'] is not None and m['Date'].datetime is None:
        bad.append('Date does not parse')
    if not re.match(r'^<[^<>@\s]+@[^<>@\s]+>$', str(m['Message-ID'] or '')):
        bad.append('Message-ID malformed: %r' % m['Message-ID'])
    if to is not None and m['To'].addresses[0].addr_spec != to:
        bad.append('To is %s, wanted %s' % (m['To'], to))
    body = m.get_body(preferencelist=('plain',))
    if body is None:
        bad.append('no text part')
        text = ''
    else:
        if body.get_content_charset() != 'utf-8':
            bad.append('text not UTF-8')
        text = body.get_content()
    for t in has:
        if t not in text:
            bad.append('text lacks %r' % t)
    atts = [p for p in m.iter_attachments()]
    pdfs = [p for p in atts if p.get_content_type() == 'application/pdf']
    if pdf:
        if len(pdfs) != 1:
            bad.append('%d PDF attachments, wanted 1' % len(pdfs))
        elif not pdfs[0].get_content().startswith(b'%PDF-'):
            bad.append('the attachment is not a PDF')
        elif not pdfs[0].get_filename() or not pdfs[0].get_filename().endswith('.pdf'):
            bad.append('the attachment has no .pdf name')
    elif atts:
        bad.append('unexpected attachments')
    if secret:
        norm = secret.replace('-', '')
        for u in re.findall(r'(?:https?://|www\.)\S+', text):
            if norm in u.replace('-', '') or secret in u:
                bad.append('a link holds the code: %s' % u)
        for k, v in m.items():
            if secret in str(v) or norm in str(v):
                bad.append('header %s holds the code' % k)
    return bad


def main():
    d, cmd, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == 'count':
        ms = with_subject(d, args[0]) if args else messages(d)
        print(len(ms))
        return 0
    if cmd == 'text':
        ms = with_subject(d, args[0])
        print(text_of(ms[-1]) if ms else '')
        return 0
    if cmd == 'check':
        bad = check(d, args)
        for b in bad:
            print('#   ' + b)
        return 1 if bad else 0
    return 2


if __name__ == '__main__':
    sys.exit(main())
