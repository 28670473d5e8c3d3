import t from 'tap';
import { checkPhone } from '../../src/domain/person.js';

// The rules themselves (names, e-mail, phone) are tested in packages/shared/src/person.test.ts; here, that the API
// reads phone numbers against libphonenumber's full plans, which the lighter metadata sets do not match.
t.test('phone: the shared rule with the full numbering plans', async (t) => {
  t.same(checkPhone(' 099 123 4567 '), { ok: true, value: '+593991234567' }, 'an Ecuadorian mobile, as E.164');
  t.same(checkPhone('+44 20 7946 0958'), { ok: true, value: '+442079460958' }, 'a foreign number');
  t.equal(checkPhone('0191234567').ok, false, 'an Ecuadorian prefix no plan has');
  t.equal(checkPhone('0912345678').ok, false, 'a mobile range (091) that only a length check would let through');
  t.match(checkPhone('12345'), { ok: false, message: /número de teléfono no es válido/ });
});
