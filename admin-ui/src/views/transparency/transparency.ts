import { expectData, http } from '@/api/client'
import type { paths } from '@/api/schema'

type Operation = paths['/transparency']['get']
export type TransparencyReport = Operation['responses'][200]['content']['application/json']
export type TransparencyMonth = TransparencyReport['months'][number]

/** The file name the API gives the download. */
export const CSV_FILE_NAME = 'transparencia-credenciales-capacitadores.csv'

export function fetchTransparency(): Promise<TransparencyReport> {
  return expectData(http.GET('/transparency', { params: { query: { format: 'json' } } })) as Promise<TransparencyReport>
}

/** The same table as the ministry's CSV, exactly as the public endpoint gives it. */
export async function fetchTransparencyCsv(): Promise<Blob> {
  return (await expectData(http.GET('/transparency', { params: { query: { format: 'csv' } }, parseAs: 'blob' }))) as Blob
}
