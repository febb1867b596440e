import uuid


def certificate_upload_to(instance, filename):
    return f"certificates/{uuid.uuid4().hex}.pdf"
