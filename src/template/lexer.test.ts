import { describe, expect, it } from 'vitest';
import { Lexer } from './lexer.js';

function lex(text: string): string[] {
  return new Lexer(text)
    .run()
    .filter((i) => i.type !== 'space')
    .map((i) => `${i.type}:${i.val}`);
}

describe('Lexer', () => {
  it.each([
    ['plain text', 'hi', ['text:hi', 'EOF:']],
    [
      'field and pipe',
      '{{ .A.B | f }}',
      ['leftDelim:{{', 'field:.A', 'field:.B', 'pipe:|', 'identifier:f', 'rightDelim:}}', 'EOF:'],
    ],
    ['left trim', 'a  \n{{- 1 }}', ['text:a', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'EOF:']],
    ['right trim', '{{ 1 -}} \n b', ['leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'EOF:']],
    ['negative number is not a trim', '{{-3}}', ['leftDelim:{{', 'number:-3', 'rightDelim:}}', 'EOF:']],
    ['comment dropped', 'a{{/* c */}}b', ['text:a', 'text:b', 'EOF:']],
    ['trimmed comment', 'a {{- /* c */ -}} b', ['text:a', 'text:b', 'EOF:']],
    [
      'declare and variable',
      '{{ $x := 1 }}',
      ['leftDelim:{{', 'variable:$x', 'declare::=', 'number:1', 'rightDelim:}}', 'EOF:'],
    ],
    [
      'keywords',
      '{{ if true }}{{ end }}',
      [
        'leftDelim:{{',
        'keyword:if',
        'bool:true',
        'rightDelim:}}',
        'leftDelim:{{',
        'keyword:end',
        'rightDelim:}}',
        'EOF:',
      ],
    ],
    [
      'strings',
      '{{ "a\\"b" `r` \'c\' }}',
      ['leftDelim:{{', 'string:"a\\"b"', 'rawString:`r`', "charConstant:'c'", 'rightDelim:}}', 'EOF:'],
    ],
    [
      'parens and comma',
      '{{ range $i, $e := (f) }}',
      [
        'leftDelim:{{',
        'keyword:range',
        'variable:$i',
        'char:,',
        'variable:$e',
        'declare::=',
        'leftParen:(',
        'identifier:f',
        'rightParen:)',
        'rightDelim:}}',
        'EOF:',
      ],
    ],
    [
      'numbers',
      '{{ 0x1F 1e3 .5 1_000 }}',
      ['leftDelim:{{', 'number:0x1F', 'number:1e3', 'number:.5', 'number:1_000', 'rightDelim:}}', 'EOF:'],
    ],
  ])('%s', (_name, text, want) => {
    expect(lex(text)).toEqual(want);
  });

  it.each([
    ['{{ .A', 'unclosed action'],
    ['{{ "abc }}', 'unterminated quoted string'],
    ['{{/* x', 'unclosed comment'],
    ['{{/* x */ }}', 'comment ends before closing delimiter'],
    ['{{ 1a }}', 'bad number syntax: "1a"'],
    ['{{ .A# }}', "bad character U+0023 '#'"],
    ['{{ ( }}', 'unclosed left paren'],
    ['{{ ) }}', "unexpected right paren U+0029 ')'"],
  ])('reports %j as %j', (text, msg) => {
    const items = new Lexer(text).run();
    expect(items.at(-1)).toMatchObject({ type: 'error', val: msg });
  });

  it('records 1-based lines of tokens', () => {
    const items = new Lexer('a\nb{{ 1\n }}').run();
    expect(items.find((i) => i.type === 'number')?.line).toBe(2);
  });
});
