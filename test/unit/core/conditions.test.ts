/** Every condition ship can name is documented for the user, and the inputs' conditions say what to do. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONDITIONS } from '../../../src/core/conditions';
import { unreadableInput, vanishedInput } from '../../../src/sources/conditions';

const OPERATIONS = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'operations.md'), 'utf8');

it.each([...CONDITIONS])('%s has its row in docs/operations.md', (name) => {
  expect(OPERATIONS).toMatch(new RegExp(`^\\| \`${name}\` +\\| (info|warn|error) +\\|`, 'm'));
});

describe('an unreadable input', () => {
  const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  const missing = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });

  it('names the file and the error, and asks for read access when it was refused', () => {
    expect(unreadableInput('/logs/u_ex1.log', denied)).toEqual({
      name: 'input_unreadable',
      message:
        'cannot read /logs/u_ex1.log (EACCES: permission denied): skipped, the other files go on; give the user ftpsight runs as read access to it, and the next run ships it',
      fields: { path: '/logs/u_ex1.log', code: 'EACCES' },
    });
  });

  it('asks to check the file for any other error', () => {
    const c = unreadableInput('/logs/u_ex2.log', missing);
    expect(c.message).toContain('check the file, and the next run ships it');
    expect(c.fields).toEqual({ path: '/logs/u_ex2.log', code: 'ENOENT' });
  });
});

describe('a followed input that vanished', () => {
  it('says how many bytes were lost', () => {
    expect(vanishedInput('/logs/ftp.log', 120)).toEqual({
      name: 'input_vanished',
      message:
        '/logs/ftp.log is gone (deleted, or moved out of its folder) while followed: 120 bytes of it had not been read and are lost; the other files go on',
      fields: { path: '/logs/ftp.log', unread: 120 },
    });
  });

  it('says so when everything had been read', () => {
    expect(vanishedInput('/logs/ftp.log', 0).message).toContain('everything it held had been read');
  });
});
