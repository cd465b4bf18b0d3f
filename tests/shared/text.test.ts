import { describe, expect, it } from 'vitest';
import { MAX_CHAT_TEXT } from '../../shared/chat.js';
import { MAX_QUESTION_CHARS } from '../../shared/commands.js';
import { Command } from '../../shared/commands.js';
import { clipText } from '../../shared/text.js';

describe('clipText', () => {
  it('clips with an ellipsis and never splits a surrogate pair', () => {
    expect(clipText('abc', 5)).toBe('abc');
    expect(clipText('abcde', 5)).toBe('abcde');
    expect(clipText('abcdef', 5)).toBe('abcd…');
    expect(clipText('abc😀def', 5)).toBe('abc…'); // the emoji is two UTF-16 units at 3–4
    expect(clipText('x'.repeat(5000), MAX_CHAT_TEXT)).toHaveLength(MAX_CHAT_TEXT);
  });

  it('counts what the schemas count, so a clipped emoji message still fits a question', () => {
    // 1,500 emoji are 3,000 UTF-16 units; clipped by code points they would be 1,999 units.
    const clipped = clipText('😀'.repeat(1500), MAX_QUESTION_CHARS);
    expect(clipped.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    const edit = Command.safeParse({ type: 'editQuestion', questionId: 'q1', text: clipped });
    expect(edit.success).toBe(true);
  });
});
