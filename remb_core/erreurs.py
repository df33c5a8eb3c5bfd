"""Les deux erreurs du moteur : une saisie invalide, un barème invalide.

Elles dérivent de ValueError (comme python-stdnum) et portent un message en français
qui nomme le champ ou le paramètre fautif, pour être montré tel quel au lecteur.
"""


class ErreurSaisie(ValueError):
    """Une demande de simulation ne peut pas être calculée telle qu'elle est écrite."""

    def __init__(self, champ: str, message: str):
        self.champ = champ
        self.message = message
        super().__init__(f"{champ} : {message}")

    def en_dict(self) -> dict:
        return {"champ": self.champ, "message": self.message}


class ErreurBareme(ValueError):
    """Un fichier de barème est mal formé ; le message nomme le fichier, la ligne et le paramètre."""

    def __init__(self, fichier: str, parametre: str | None, message: str, ligne: int | None = None):
        self.fichier = fichier
        self.parametre = parametre
        self.ligne = ligne
        self.message = message
        lieu = fichier + (f", ligne {ligne}" if ligne else "")
        if parametre:
            lieu += f", paramètre « {parametre} »"
        super().__init__(f"Barème {lieu} : {message}")
