import uuid


def approval_upload_to(instance, filename):
    return f"approvals/{uuid.uuid4().hex}.pdf"
