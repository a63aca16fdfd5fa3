"""Turns a tmux capture (`capture-pane -p -e`) into an HTML page for a screenshot."""
import html, re, sys

BASE = ['#1e1e1e', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
        '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff']

def color256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return '#%02x%02x%02x' % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return '#%02x%02x%02x' % (v, v, v)

def render(text):
    fg = bg = None
    bold = reverse = False
    out = []
    for part in re.split(r'(\x1b\[[0-9;]*m)', text):
        m = re.fullmatch(r'\x1b\[([0-9;]*)m', part)
        if not m:
            if part:
                f, b = (bg or BASE[0], fg or BASE[7]) if reverse else (fg, bg)
                style = ''.join([f'color:{f};' if f else '', f'background:{b};' if b else '',
                                 'font-weight:bold;' if bold else ''])
                out.append(f'<span style="{style}">{html.escape(part)}</span>' if style else html.escape(part))
            continue
        codes = [int(c) if c else 0 for c in m.group(1).split(';')]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0: fg = bg = None; bold = reverse = False
            elif c == 1: bold = True
            elif c == 7: reverse = True
            elif c == 22: bold = False
            elif c == 27: reverse = False
            elif 30 <= c <= 37: fg = BASE[c - 30]
            elif 90 <= c <= 97: fg = BASE[c - 82]
            elif 40 <= c <= 47: bg = BASE[c - 40]
            elif 100 <= c <= 107: bg = BASE[c - 92]
            elif c == 39: fg = None
            elif c == 49: bg = None
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                value = color256(codes[i + 2]); i += 2
                if c == 38: fg = value
                else: bg = value
            elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                value = '#%02x%02x%02x' % tuple(codes[i + 2:i + 5]); i += 4
                if c == 38: fg = value
                else: bg = value
            i += 1
    return ''.join(out)

body = render(sys.stdin.read())
print('<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e}'
      'pre{margin:0;padding:12px;color:#e5e5e5;font:15px/1.3 "DejaVu Sans Mono",monospace}</style>'
      f'<pre>{body}</pre>')
