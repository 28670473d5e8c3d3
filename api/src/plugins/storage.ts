import fp from 'fastify-plugin'
import type { FileStorage } from '../storage/file-storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: FileStorage
  }
}

export default fp(
  async (fastify, options: { storage: FileStorage }) => {
    fastify.decorate('storage', options.storage)
  },
  { name: 'storage' },
)
