import t from 'tap'
import { addressGroup } from '../../src/plugins/login-throttle.js'
import { buildTestApp } from '../support/app.js'

t.test('clients are counted by IPv4 address, or by IPv6 /64 network', async (t) => {
  const cases: Record<string, string> = {
    '203.0.113.7': '203.0.113.7',
    '::ffff:203.0.113.7': '203.0.113.7',
    '::FFFF:203.0.113.7': '203.0.113.7',
    '2001:db8:0:1::1': '2001:db8:0:1::/64',
    '2001:0db8:0000:0001:ffff:ffff:ffff:ffff': '2001:db8:0:1::/64',
    '2001:db8::1': '2001:db8:0:0::/64',
    '2001:db8:1:2:3:4:5:6': '2001:db8:1:2::/64',
    '::1': '0:0:0:0::/64',
    '::': '0:0:0:0::/64',
    'fe80::1%eth0': 'fe80:0:0:0::/64',
    '64:ff9b::192.0.2.33': '64:ff9b:0:0::/64',
    '2001:db8:a:b:c:d:192.0.2.33': '2001:db8:a:b::/64',
    '': '',
  }
  for (const [address, group] of Object.entries(cases)) t.equal(addressGroup(address), group, JSON.stringify(address))
})

t.test('keys are keyed hashes: no e-mail or address, the same for any case of the e-mail, apart per address', async (t) => {
  const { app } = await buildTestApp(t)
  const pair = app.loginThrottle.pairOf('Persona@Trabajo.gob.ec', '203.0.113.7')
  t.match(pair.accountKey, /^[0-9a-f]{64}$/)
  t.match(pair.addressKey, /^[0-9a-f]{64}$/)
  t.same(app.loginThrottle.pairOf('persona@trabajo.gob.ec', '::ffff:203.0.113.7'), pair, 'one e-mail, one client')
  t.not(app.loginThrottle.pairOf('persona@trabajo.gob.ec', '203.0.113.8').addressKey, pair.addressKey)
  t.equal(app.loginThrottle.accountKey('PERSONA@trabajo.gob.ec'), pair.accountKey)

  const other = await buildTestApp(t, { JWT_SECRET: 'another-secret-that-is-long-enough-to-sign-tokens' })
  t.not(other.app.loginThrottle.pairOf('persona@trabajo.gob.ec', '203.0.113.7').accountKey, pair.accountKey, 'another secret, other keys')
})
