import { prepareTemplateDatabase } from './database.js'

await prepareTemplateDatabase()
