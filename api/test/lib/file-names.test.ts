import t from 'tap'
import { sanitizeFileName } from '../../src/lib/file-names.js'

t.equal(sanitizeFileName('resolución final.pdf'), 'resolución final.pdf', 'letters with tildes and spaces stay')
t.equal(sanitizeFileName('../../etc/passwd'), 'passwd', 'no directories')
t.equal(sanitizeFileName('C:\\Users\\ana\\foto.jpg'), 'foto.jpg', 'no Windows directories')
t.equal(sanitizeFileName('foto\r\nSet-Cookie: x=1.jpg'), 'foto__Set-Cookie_ x_1.jpg', 'CR, LF and colons replaced')
t.equal(sanitizeFileName('..hidden'), 'hidden', 'no leading dots')
t.equal(sanitizeFileName('   '), null)
t.equal(sanitizeFileName(undefined), null)
const long = sanitizeFileName(`${'n'.repeat(300)}.pdf`)!
t.equal(long.length, 120, 'bounded')
t.ok(long.endsWith('.pdf'), 'the extension is kept')
