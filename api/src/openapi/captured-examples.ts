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
      "client_id": "portal_5aKOPObh21ZYycEL",
      "client_secret": "secreto-del-portal",
      "scope": "requests:read requests:write"
    }
  },
  "post /api/v1/requests": {
    "responses": {
      "201": {
        "id": "62371080-37ac-4e1f-a638-e9737e7892d9",
        "reference": "SOL-2026-000001",
        "version": 1,
        "status": "draft",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "5302facd-267b-4430-a3e7-119433ec8d3c",
          "identityDocument": {
            "type": "cedula",
            "number": "1501546343",
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
        "createdAt": "2026-12-06T01:15:36.695Z",
        "submittedAt": null,
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T01:15:36.703Z",
        "history": [
          {
            "at": "2026-12-06T01:15:36.695Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
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
        "requestId": "4d54df52-45c0-4329-8542-5d7789663abd",
        "detail": "Revise los campos indicados.",
        "errors": [
          {
            "field": "body.applicant.identityDocument",
            "message": "debe tener la propiedad requerida identityDocument"
          },
          {
            "field": "body.applicant.surnames",
            "message": "debe tener la propiedad requerida surnames"
          },
          {
            "field": "body.applicant.nationality",
            "message": "debe tener la propiedad requerida nationality"
          },
          {
            "field": "body.applicant.email",
            "message": "debe tener la propiedad requerida email"
          },
          {
            "field": "body.applicant.phone",
            "message": "debe tener la propiedad requerida phone"
          }
        ]
      }
    },
    "requestBody": {
      "applicant": {
        "identityDocument": {
          "type": "cedula",
          "number": "1501546343"
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
        "id": "62371080-37ac-4e1f-a638-e9737e7892d9",
        "reference": "SOL-2026-000001",
        "version": 2,
        "status": "draft",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "5302facd-267b-4430-a3e7-119433ec8d3c",
          "identityDocument": {
            "type": "cedula",
            "number": "1501546343",
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
        "createdAt": "2026-12-06T01:15:36.695Z",
        "submittedAt": null,
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T01:15:36.912Z",
        "history": [
          {
            "at": "2026-12-06T01:15:36.695Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
            "beforeStatus": null,
            "afterStatus": "draft",
            "details": {
              "reason": "first_issue",
              "channel": "online"
            }
          },
          {
            "at": "2026-12-06T01:15:36.900Z",
            "action": "request.updated",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
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
        "id": "5129d2e7-8830-4b69-af62-c3c8a97b9498",
        "kind": "photo",
        "sizeBytes": 295661,
        "sha256": "14ad852aa39f9ad97b17d66dbe117791e7176f4cad4d5a47b3e73d6bde6a4200",
        "receivedSha256": "8d3d44e9d0567152bbc3079e4c5e4e36195f1ca638e9054b2aecff92f212865e",
        "mediaType": "image/jpeg",
        "originalName": "foto.jpg",
        "uploadedAt": "2026-12-06T01:15:37.314Z",
        "current": true,
        "erasedAt": null
      }
    }
  },
  "get /api/v1/requests/{id}": {
    "responses": {
      "200": {
        "id": "62371080-37ac-4e1f-a638-e9737e7892d9",
        "reference": "SOL-2026-000001",
        "version": 5,
        "status": "submitted",
        "channel": "online",
        "reason": "first_issue",
        "applicant": {
          "id": "5302facd-267b-4430-a3e7-119433ec8d3c",
          "identityDocument": {
            "type": "cedula",
            "number": "1501546343",
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
            "id": "5129d2e7-8830-4b69-af62-c3c8a97b9498",
            "kind": "photo",
            "sizeBytes": 295661,
            "sha256": "14ad852aa39f9ad97b17d66dbe117791e7176f4cad4d5a47b3e73d6bde6a4200",
            "receivedSha256": "8d3d44e9d0567152bbc3079e4c5e4e36195f1ca638e9054b2aecff92f212865e",
            "mediaType": "image/jpeg",
            "originalName": "foto.jpg",
            "uploadedAt": "2026-12-06T01:15:37.314Z",
            "current": true,
            "erasedAt": null
          },
          {
            "id": "7788e6ef-76fa-4996-b3cd-6228e79d9c93",
            "kind": "resolution",
            "sizeBytes": 1004,
            "sha256": "2aaec5ba78ea7633cb927261f8e774a5b0ae1b33652e1836b7cb6e3c1998476a",
            "receivedSha256": "2aaec5ba78ea7633cb927261f8e774a5b0ae1b33652e1836b7cb6e3c1998476a",
            "mediaType": "application/pdf",
            "originalName": "resolucion.pdf",
            "uploadedAt": "2026-12-06T01:15:37.945Z",
            "current": true,
            "erasedAt": null
          }
        ],
        "reviewIssues": null,
        "rejectionReason": null,
        "reviewerId": null,
        "reviewerName": null,
        "createdAt": "2026-12-06T01:15:36.695Z",
        "submittedAt": "2026-12-06T01:15:37.962Z",
        "sourceMessageId": null,
        "decidedAt": null,
        "updatedAt": "2026-12-06T01:15:37.963Z",
        "history": [
          {
            "at": "2026-12-06T01:15:36.695Z",
            "action": "request.created",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
            "beforeStatus": null,
            "afterStatus": "draft",
            "details": {
              "reason": "first_issue",
              "channel": "online"
            }
          },
          {
            "at": "2026-12-06T01:15:36.900Z",
            "action": "request.updated",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
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
            "at": "2026-12-06T01:15:37.314Z",
            "action": "document.uploaded",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "kind": "photo",
              "sha256": "14ad852aa39f9ad97b17d66dbe117791e7176f4cad4d5a47b3e73d6bde6a4200",
              "sizeBytes": 295661,
              "supersedes": null,
              "receivedSha256": "8d3d44e9d0567152bbc3079e4c5e4e36195f1ca638e9054b2aecff92f212865e"
            }
          },
          {
            "at": "2026-12-06T01:15:37.945Z",
            "action": "document.uploaded",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
            "beforeStatus": null,
            "afterStatus": null,
            "details": {
              "kind": "resolution",
              "sha256": "2aaec5ba78ea7633cb927261f8e774a5b0ae1b33652e1836b7cb6e3c1998476a",
              "sizeBytes": 1004,
              "supersedes": null,
              "receivedSha256": "2aaec5ba78ea7633cb927261f8e774a5b0ae1b33652e1836b7cb6e3c1998476a"
            }
          },
          {
            "at": "2026-12-06T01:15:37.961Z",
            "action": "request.submitted",
            "actorType": "portal",
            "actorName": "Portal 5c4c41",
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
        "id": "915c67e5-416b-451d-a77e-df3aa6293523",
        "code": "SQZK-FF5X-RWED-C",
        "status": "active",
        "requestId": "62371080-37ac-4e1f-a638-e9737e7892d9",
        "requestReference": "SOL-2026-000001",
        "holder": {
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "identityDocument": {
            "type": "cedula",
            "number": "1501546343",
            "country": "ECU"
          }
        },
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "resolutionDate": "2026-03-15",
        "trainingAreas": [
          "Seguridad y salud ocupacional"
        ],
        "issuedAt": "2026-12-06T01:15:38.378Z",
        "issuedBy": "0a099fda-0000-45c0-9199-eff2a45478be",
        "expiresOn": null,
        "revokedAt": null,
        "revocationReason": null,
        "revocationNote": null,
        "replacedAt": null,
        "replacedById": null,
        "verifyUrl": "http://credenciales.test/verify/SQZKFF5XRWEDC",
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
        "id": "915c67e5-416b-451d-a77e-df3aa6293523",
        "code": "SQZK-FF5X-RWED-C",
        "status": "active",
        "requestId": "62371080-37ac-4e1f-a638-e9737e7892d9",
        "requestReference": "SOL-2026-000001",
        "holder": {
          "givenNames": "María José",
          "surnames": "Peñafiel Ortúzar",
          "identityDocument": {
            "type": "cedula",
            "number": "1501546343",
            "country": "ECU"
          }
        },
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "resolutionDate": "2026-03-15",
        "trainingAreas": [
          "Seguridad y salud ocupacional"
        ],
        "issuedAt": "2026-12-06T01:15:38.378Z",
        "issuedBy": "0a099fda-0000-45c0-9199-eff2a45478be",
        "expiresOn": null,
        "revokedAt": null,
        "revocationReason": null,
        "revocationNote": null,
        "replacedAt": null,
        "replacedById": null,
        "verifyUrl": "http://credenciales.test/verify/SQZKFF5XRWEDC",
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
        "code": "SQZK-FF5X-RWED-C",
        "status": "valid",
        "holderName": "María José Peñafiel Ortúzar",
        "credentialType": "Credencial de Capacitador Independiente",
        "resolutionNumber": "MDT-DCRCO-2026-0042",
        "issuedAt": "2026-12-06T01:15:38.378Z",
        "expiresAt": null,
        "issuer": "Ministerio del Trabajo del Ecuador — Dirección de Calificación, Reconocimiento y Certificación de Operadores"
      }
    }
  },
  "post /complaints": {
    "responses": {
      "201": {
        "trackingNumber": "QJ-08JB-TKCQ",
        "receivedAt": "2026-12-06T01:15:39.142Z",
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
