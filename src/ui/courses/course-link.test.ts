import { describe, expect, it } from 'vitest';
import { courseHref, isCourseLink, parseCourseLink } from './course-link';

describe('When a course link is read', () => {
  it('names a course page, or a chapter (from 1 in the link) at a step', () => {
    expect(parseCourseLink('#course=isolation')).toMatchObject({ kind: 'page', course: { id: 'isolation' } });
    expect(parseCourseLink('#course=isolation&ch=3')).toMatchObject({ kind: 'chapter', index: 2, step: 0 });
    expect(parseCourseLink('#course=isolation&ch=8&step=4')).toMatchObject({ kind: 'chapter', index: 7, step: 4 });
    expect(courseHref('isolation', 2, 4)).toBe('#course=isolation&ch=3&step=4');
    expect(courseHref('isolation', 0)).toBe('#course=isolation&ch=1');
    expect(isCourseLink('#course=x')).toBe(true);
    expect(isCourseLink('#preset=course')).toBe(false);
  });

  it('a bad one says what is wrong, keeping the course when only the chapter or step is', () => {
    expect(parseCourseLink('#course=nope')).toEqual({
      kind: 'bad',
      message:
        'There is no course "nope". The courses are: Atomicity, Consistency, Isolation, Durability, Peer-to-peer messaging with Kademlia, Connection pooling.',
    });
    expect(parseCourseLink('#course=')).toMatchObject({ kind: 'bad', message: expect.stringMatching(/^The link names no course/) });
    expect(parseCourseLink('#course=atomicity&ch=9')).toMatchObject({
      kind: 'bad',
      course: { id: 'atomicity' },
      message: '“Atomicity” has chapters 1 to 4; there is no chapter "9".',
    });
    for (const ch of ['0', '-1', 'x', '', '1e2']) expect(parseCourseLink(`#course=atomicity&ch=${ch}`).kind, ch).toBe('bad');
    expect(parseCourseLink('#course=atomicity&ch=1&step=two')).toMatchObject({ kind: 'bad', message: '"two" is not a step number.' });
    expect(parseCourseLink('#course=%E0%A4%A')).toMatchObject({ kind: 'bad', message: expect.stringMatching(/badly escaped/) });
  });
});
