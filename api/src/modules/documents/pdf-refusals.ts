/**
 * Why an uploaded PDF is refused, in the words the applicant reads. Shared by
 * the checks that run in the PDF worker and by the thread that runs the worker,
 * which needs the last one when the worker itself gives up.
 */

/** A refusal raised by the PDF checks; its message is the Spanish detail of the `INVALID_FILE` answer. */
export class PdfRefusal extends Error {
  override readonly name = 'PdfRefusal'
}

export const PDF_REFUSALS = {
  damaged: 'El PDF está dañado o no se puede leer; guárdelo de nuevo como PDF y vuelva a enviarlo.',
  encrypted: 'El PDF está cifrado; envíe una copia sin contraseña.',
  noPages: 'El PDF no tiene páginas.',
  tooManyPages: (maxPages: number) => `El PDF tiene demasiadas páginas: se admiten hasta ${maxPages}.`,
  script: 'El PDF contiene JavaScript o acciones automáticas, que no se aceptan.',
  attachment:
    'El PDF contiene archivos adjuntos, que no se aceptan; envíe una versión sin ellos (por ejemplo, imprimiéndolo como PDF).',
  externalAction:
    'El PDF contiene acciones que abren otros documentos o envían datos, que no se aceptan; imprímalo como PDF y vuelva a enviarlo.',
  tooComplex: 'El PDF tiene una estructura interna demasiado compleja; imprímalo como PDF y vuelva a enviarlo.',
  inflatesTooMuch: (limitMb: number) =>
    `El PDF ocupa más de ${limitMb} MB al descomprimirlo; reduzca la resolución de las imágenes o imprímalo como PDF y vuelva a enviarlo.`,
  inflatesSuspiciously: (ratio: number) =>
    `El PDF contiene datos comprimidos que al descomprimirse crecen más de ${ratio} veces, algo que no ocurre en documentos normales; imprímalo como PDF y vuelva a enviarlo.`,
}
