/** How the public reaches the office that issues the credentials (the landing page, the e-mails). */
export const OFFICE = {
  address: 'Av. Amazonas N38-42 y Villalengua, Edificio Amazonas 100, 4to piso, Quito',
  hours: 'De lunes a viernes, de 08:00 a 16:45',
  email: 'calificacion_occ@trabajo.gob.ec',
  phones: ['022 258050', '022 257802'],
} as const
