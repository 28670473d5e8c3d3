import t from 'tap'
import { buildTestApp } from '../support/app.js'
import { fileStorageContract } from './contract.js'

fileStorageContract(t, await buildTestApp(t))
