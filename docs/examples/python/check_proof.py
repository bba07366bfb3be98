"""Checks a Bondify proof on your server with PyJWT (pip install pyjwt, or Debian's python3-jwt).

Usage: PROOF=eyJ... SECRET_KEY=sk_live_... PROJECT_ID=proj_... python3 check_proof.py
"""
import json
import os

import jwt


def check_proof(proof: str, secret_key: str, project_id: str, issuer: str = "bondify") -> dict:
    # The key is the UTF-8 bytes of the whole secret key string, prefix included.
    # Pin the algorithm, the issuer and the audience (= your project id).
    claims = jwt.decode(
        proof,
        secret_key.encode("utf-8"),
        algorithms=["HS256"],
        issuer=issuer,
        audience=project_id,
        options={"require": ["exp", "iat", "iss", "aud", "jti", "sub"]},
    )
    return {
        "telegram_id": claims["telegram_id"],  # a string
        "name": claims["telegram_name"],
        "username": claims.get("telegram_username"),
        "phone": claims.get("telegram_phone"),
        "proof_id": claims["jti"],  # store it to accept each proof once
    }


if __name__ == "__main__":
    print(json.dumps(check_proof(os.environ["PROOF"], os.environ["SECRET_KEY"], os.environ["PROJECT_ID"])))
