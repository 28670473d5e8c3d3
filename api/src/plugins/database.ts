import fp from 'fastify-plugin'
import type { Database, DatabaseConnection } from '../db/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
  }
}

/** Shares the connection the process opened; closing it stays with whoever opened it. */
export default fp(
  async (fastify, options: { connection: DatabaseConnection }) => {
    fastify.decorate('db', options.connection.db)
  },
  { name: 'database' },
)
