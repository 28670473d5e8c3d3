// Written by scripts/capture-openapi-examples.ts from a run of the journey against a test app; do not edit by hand.
import type { OperationExamples } from './examples.js'

export const capturedExamples: Record<string, OperationExamples> = {
  "post /oauth/token": {
    "responses": {
      "200": {
        "access_token": "eyJhbGciOiJIUzI1NiJ9.ejemplo.firma",
        "token_type": "Bearer",
        "expires_in": 900,
        "scope": "requests:read requests:write"
      }
    },
    "requestBody": {
      "grant_type": "client_credentials",
      "client_id": "portal_8D9N6jdh7_FueGZN",
      "client_secret": "secreto-del-portal",
      "scope": "requests:read requests:write"
    }
  },
  "post /api/v1/requests": {
    "responses": {
      "201": {
        "id": "9576badc-1a2e-4f2d-ba8f-90720b905b19",
        "reference": "SOL-2026-000001",
        "version": 1,
        "status": "draft",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "9c9390a6-cd53-4144-a379-8a92243da71b",
          "identityDocument": {
            "type": "cedula",
            "number": "0955976675",
            "country": "ECU"
          },
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "nationality": "ECU",
          "email": "maria.penafiel@example.com",
          "phone": "+593991234567"
        },
        "personalDataErasedAt": null,
        "qualification": {
          "resolutionNumber": "MDT-DCRCO-2026-0042",
          "resolutionDate": "2026-03-15",
          "endDate": null,
          "trainingAreas": [
            "Seguridad y salud ocupacional",
            "Atención al cliente"
          ]
        },
        "documents": [],
        "reviewIssues": null,
        "rejectionReason": null,
        "reviewerId": null,
        "reviewerName": null,
        "createdAt": "2026-12-06T00:45:32.525Z",
        "submittedAt": null,
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T00:45:32.610Z",
        "history": [
          {
            "at": "2026-12-06T00:45:32.525Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": "draft",
            "details": {
              "reason": "first_issue",
              "channel": "online"
            }
          }
        ],
        "credential": null,
        "replacesCredential": null
      },
      "400": {
        "type": "urn:credenciales:problema:validation_failed",
        "title": "Los datos enviados no son válidos",
        "status": 400,
        "code": "VALIDATION_FAILED",
        "requestId": "d4a3f0c8-a56b-4b64-880f-fb503c91973f",
        "detail": "Revise los campos indicados.",
        "errors": [
          {
            "field": "body.applicant.identityDocument",
            "message": "debe tener la propiedad requerida identityDocument"
          }
        ]
      }
    },
    "requestBody": {
      "applicant": {
        "identityDocument": {
          "type": "cedula",
          "number": "0955976675"
        },
        "givenNames": "María José",
        "surnames": "Peñafiel Ortúzar",
        "nationality": "ECU",
        "email": "maria.penafiel@example.com",
        "phone": "0991234567"
      },
      "qualification": {
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "resolutionDate": "2026-03-15",
        "trainingAreas": [
          "Seguridad y salud ocupacional",
          "Atención al cliente"
        ]
      },
      "channel": "online"
    }
  },
  "patch /api/v1/requests/{id}": {
    "responses": {
      "200": {
        "id": "9576badc-1a2e-4f2d-ba8f-90720b905b19",
        "reference": "SOL-2026-000001",
        "version": 2,
        "status": "draft",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "9c9390a6-cd53-4144-a379-8a92243da71b",
          "identityDocument": {
            "type": "cedula",
            "number": "0955976675",
            "country": "ECU"
          },
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "nationality": "ECU",
          "email": "maria.penafiel@example.com",
          "phone": "+593987654321"
        },
        "personalDataErasedAt": null,
        "qualification": {
          "resolutionNumber": "MDT-DCRCO-2026-0042",
          "resolutionDate": "2026-03-15",
          "endDate": null,
          "trainingAreas": [
            "Seguridad y salud ocupacional"
          ]
        },
        "documents": [],
        "reviewIssues": null,
        "rejectionReason": null,
        "reviewerId": null,
        "reviewerName": null,
        "createdAt": "2026-12-06T00:45:32.525Z",
        "submittedAt": null,
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T00:45:33.575Z",
        "history": [
          {
            "at": "2026-12-06T00:45:32.525Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": "draft",
            "details": {
              "reason": "first_issue",
              "channel": "online"
            }
          },
          {
            "at": "2026-12-06T00:45:33.540Z",
            "action": "request.updated",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "fields": [
                "applicant.phone",
                "qualification.trainingAreas"
              ]
            }
          }
        ],
        "credential": null,
        "replacesCredential": null
      }
    },
    "requestBody": {
      "version": 1,
      "applicant": {
        "phone": "0987654321"
      },
      "qualification": {
        "trainingAreas": [
          "Seguridad y salud ocupacional"
        ]
      }
    }
  },
  "put /api/v1/requests/{id}/documents/{kind}": {
    "responses": {
      "201": {
        "id": "8317f21c-6fac-4453-a65f-3746305c5d35",
        "kind": "photo",
        "sizeBytes": 295572,
        "sha256": "8b983376676407f7ff1a8c5ff7d7b6535fb4904d4c19d686fa6da26dc5393cf7",
        "receivedSha256": "6abd95e7c38c59c4b216ad7c7d7afa306ef9dc5b8d6c3044343d8112fc1f42b8",
        "mediaType": "image/jpeg",
        "originalName": "foto.jpg",
        "uploadedAt": "2026-12-06T00:45:34.889Z",
        "current": true,
        "erasedAt": null
      }
    }
  },
  "get /api/v1/requests/{id}": {
    "responses": {
      "200": {
        "id": "9576badc-1a2e-4f2d-ba8f-90720b905b19",
        "reference": "SOL-2026-000001",
        "version": 5,
        "status": "submitted",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "9c9390a6-cd53-4144-a379-8a92243da71b",
          "identityDocument": {
            "type": "cedula",
            "number": "0955976675",
            "country": "ECU"
          },
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "nationality": "ECU",
          "email": "maria.penafiel@example.com",
          "phone": "+593987654321"
        },
        "personalDataErasedAt": null,
        "qualification": {
          "resolutionNumber": "MDT-DCRCO-2026-0042",
          "resolutionDate": "2026-03-15",
          "endDate": null,
          "trainingAreas": [
            "Seguridad y salud ocupacional"
          ]
        },
        "documents": [
          {
            "id": "8317f21c-6fac-4453-a65f-3746305c5d35",
            "kind": "photo",
            "sizeBytes": 295572,
            "sha256": "8b983376676407f7ff1a8c5ff7d7b6535fb4904d4c19d686fa6da26dc5393cf7",
            "receivedSha256": "6abd95e7c38c59c4b216ad7c7d7afa306ef9dc5b8d6c3044343d8112fc1f42b8",
            "mediaType": "image/jpeg",
            "originalName": "foto.jpg",
            "uploadedAt": "2026-12-06T00:45:34.889Z",
            "current": true,
            "erasedAt": null
          },
          {
            "id": "45260482-b795-45a2-83f9-aac0ed69d7cb",
            "kind": "resolution",
            "sizeBytes": 999,
            "sha256": "0465219fbcd4f712ba82acf4eeb26931ee6b93594ad91646ba02f817b4a625e9",
            "receivedSha256": "0465219fbcd4f712ba82acf4eeb26931ee6b93594ad91646ba02f817b4a625e9",
            "mediaType": "application/pdf",
            "originalName": "resolucion.pdf",
            "uploadedAt": "2026-12-06T00:45:37.181Z",
            "current": true,
            "erasedAt": null
          }
        ],
        "reviewIssues": null,
        "rejectionReason": null,
        "reviewerId": null,
        "reviewerName": null,
        "createdAt": "2026-12-06T00:45:32.525Z",
        "submittedAt": "2026-12-06T00:45:37.546Z",
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T00:45:37.548Z",
        "history": [
          {
            "at": "2026-12-06T00:45:32.525Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": "draft",
            "details": {
              "reason": "first_issue",
              "channel": "online"
            }
          },
          {
            "at": "2026-12-06T00:45:33.540Z",
            "action": "request.updated",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "fields": [
                "applicant.phone",
                "qualification.trainingAreas"
              ]
            }
          },
          {
            "at": "2026-12-06T00:45:34.889Z",
            "action": "document.uploaded",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "kind": "photo",
              "sha256": "8b983376676407f7ff1a8c5ff7d7b6535fb4904d4c19d686fa6da26dc5393cf7",
              "sizeBytes": 295572,
              "supersedes": null,
              "receivedSha256": "6abd95e7c38c59c4b216ad7c7d7afa306ef9dc5b8d6c3044343d8112fc1f42b8"
            }
          },
          {
            "at": "2026-12-06T00:45:37.181Z",
            "action": "document.uploaded",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "kind": "resolution",
              "sha256": "0465219fbcd4f712ba82acf4eeb26931ee6b93594ad91646ba02f817b4a625e9",
              "sizeBytes": 999,
              "supersedes": null,
              "receivedSha256": "0465219fbcd4f712ba82acf4eeb26931ee6b93594ad91646ba02f817b4a625e9"
            }
          },
          {
            "at": "2026-12-06T00:45:37.422Z",
            "action": "request.submitted",
            "actorType": "portal",
            "actorName": "Portal 07aaa5",
            "beforeStatus": "draft",
            "afterStatus": "submitted",
            "details": null
          }
        ],
        "credential": null,
        "replacesCredential": null
      }
    }
  },
  "post /api/v1/requests/{id}/credential": {
    "responses": {
      "201": {
        "id": "4ecb7c24-7426-48cd-b006-51548009268d",
        "code": "X4N4-MRDE-49KH-4",
        "status": "active",
        "requestId": "9576badc-1a2e-4f2d-ba8f-90720b905b19",
        "requestReference": "SOL-2026-000001",
        "holder": {
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "identityDocument": {
            "type": "cedula",
            "number": "0955976675",
            "country": "ECU"
          }
        },
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "resolutionDate": "2026-03-15",
        "trainingAreas": [
          "Seguridad y salud ocupacional"
        ],
        "issuedAt": "2026-12-06T00:45:40.725Z",
        "issuedBy": "53b605d9-73fb-4c1f-90b2-e56d4cd0b045",
        "expiresOn": null,
        "revokedAt": null,
        "revocationReason": null,
        "revocationNote": null,
        "replacedAt": null,
        "replacedById": null,
        "verifyUrl": "http://credenciales.test/verify/X4N4MRDE49KH4",
        "pickup": null,
        "replaces": null,
        "replacedBy": null,
        "replacement": {
          "reasons": [
            "replacement_lost",
            "replacement_stolen",
            "replacement_damaged",
            "replacement_data_change"
          ],
          "refusal": null
        },
        "card": {
          "annulled": false,
          "printRefusal": null,
          "prints": []
        }
      }
    }
  },
  "get /api/v1/credentials/{id}": {
    "responses": {
      "200": {
        "id": "4ecb7c24-7426-48cd-b006-51548009268d",
        "code": "X4N4-MRDE-49KH-4",
        "status": "active",
        "requestId": "9576badc-1a2e-4f2d-ba8f-90720b905b19",
        "requestReference": "SOL-2026-000001",
        "holder": {
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "identityDocument": {
            "type": "cedula",
            "number": "0955976675",
            "country": "ECU"
          }
        },
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "resolutionDate": "2026-03-15",
        "trainingAreas": [
          "Seguridad y salud ocupacional"
        ],
        "issuedAt": "2026-12-06T00:45:40.725Z",
        "issuedBy": "53b605d9-73fb-4c1f-90b2-e56d4cd0b045",
        "expiresOn": null,
        "revokedAt": null,
        "revocationReason": null,
        "revocationNote": null,
        "replacedAt": null,
        "replacedById": null,
        "verifyUrl": "http://credenciales.test/verify/X4N4MRDE49KH4",
        "pickup": null,
        "replaces": null,
        "replacedBy": null,
        "replacement": {
          "reasons": [
            "replacement_lost",
            "replacement_stolen",
            "replacement_damaged",
            "replacement_data_change"
          ],
          "refusal": null
        },
        "card": {
          "annulled": false,
          "printRefusal": null,
          "prints": []
        }
      }
    }
  },
  "get /verify/{code}": {
    "responses": {
      "200": {
        "code": "X4N4-MRDE-49KH-4",
        "status": "valid",
        "holderName": "María José Peñafiel Ortúzar",
        "credentialType": "Credencial de Capacitador Independiente",
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "issuedAt": "2026-12-06T00:45:40.725Z",
        "expiresAt": null,
        "issuer": "Ministerio del Trabajo del Ecuador — Dirección de Calificación, Reconocimiento y Certificación de Operadores"
      }
    }
  },
  "post /complaints": {
    "responses": {
      "201": {
        "trackingNumber": "QJ-AZHH-4P8W",
        "receivedAt": "2026-12-06T00:45:43.869Z",
        "status": "received",
        "message": "Su queja fue recibida. Guarde el número de seguimiento: el Ministerio del Trabajo la atenderá y, si dejó un contacto, le responderá por ese medio."
      }
    },
    "requestBody": {
      "category": "poor_service",
      "description": "En la ventanilla de Quito no me informaron qué documentos debía llevar para retirar la credencial.",
      "name": "Carlos Andrés Mejía",
      "email": "carlos.mejia@example.com",
      "requestReference": "SOL-2026-000001"
    }
  }
}
