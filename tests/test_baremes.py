"""Les barèmes datés : valeurs autour de chaque date d'effet, sources, refus des fichiers mal
formés."""

import datetime as dt
from decimal import Decimal

import pytest

import remb_core
from remb_core import ErreurBareme, ErreurSaisie, baremes

DEBUT = dt.date(2023, 1, 1)
UN_JOUR = dt.timedelta(days=1)

#: Chaque changement de valeur depuis le 2023-01-01 : (paramètre, date d'effet, avant, après),
#: recopié de tariffs.md (sections 1 à 5 et calendrier) et non lu dans les fichiers du paquet.
#: « avant » vaut None quand la date est la première valeur du paramètre.
CHANGEMENTS = [
    ("pmss", "2023-01-01", None, "3666"),
    ("taux_dentaire", "2023-10-15", "70", "60"),
    ("consultation_generaliste", "2023-11-01", "25.00", "26.50"),
    ("pmss", "2024-01-01", "3666", "3864"),
    ("franchise_medicament", "2024-03-31", "0.50", "1.00"),
    ("franchise_acte_paramedical", "2024-03-31", "0.50", "1.00"),
    ("franchise_transport", "2024-03-31", "2.00", "4.00"),
    ("franchise_plafond_jour_paramedical", "2024-03-31", "2.00", "4.00"),
    ("franchise_plafond_jour_transport", "2024-03-31", "4.00", "8.00"),
    ("participation_forfaitaire", "2024-05-15", "1.00", "2.00"),
    ("consultation_generaliste", "2024-12-22", "26.50", "30.00"),
    ("consultation_psychiatre", "2024-12-22", "51.70", "55.00"),
    ("pmss", "2025-01-01", "3864", "3925"),
    ("pmss", "2026-01-01", "3925", "4005"),
    ("consultation_psychiatre", "2026-01-01", "55.00", "57.00"),
    ("forfait_journalier", "2026-03-01", "20.00", "23.00"),
    ("forfait_journalier_psychiatrie", "2026-03-01", "15.00", "17.00"),
    ("forfait_patient_urgences", "2026-03-01", "19.61", "23.00"),
    ("forfait_patient_urgences_minore", "2026-03-01", "8.49", "9.96"),
    ("participation_actes_lourds", "2026-04-01", "24.00", "32.00"),
    # Ajouts de la révision de novembre 2026 (sources dans les fichiers du paquet).
    ("taux_transport", "2023-08-01", "65", "55"),
    ("consultation_generaliste_enfant", "2023-11-01", "30.00", "31.50"),
    ("consultation_generaliste_enfant", "2024-12-22", "31.50", "35.00"),
    ("seance_kinesitherapie_tarif", "2024-02-22", "16.13", "16.58"),
    ("seance_kinesitherapie_tarif", "2026-01-01", "16.58", "17.90"),
    ("avis_ponctuel_consultant", "2023-11-01", None, "56.50"),
    ("avis_ponctuel_consultant", "2024-12-22", "56.50", "60.00"),
    ("consultation_pediatre_0_2_ans", "2024-12-22", None, "39.00"),
    ("consultation_pediatre_0_2_ans", "2026-01-01", "39.00", "40.00"),
    ("consultation_pediatre_2_6_ans", "2024-12-22", None, "35.00"),
    ("consultation_pediatre_6_ans_et_plus", "2024-12-22", None, "31.50"),
    ("examen_obligatoire_enfant", "2024-12-22", None, "45.00"),
    ("examen_obligatoire_enfant", "2026-01-01", "45.00", "50.00"),
    ("consultation_longue", "2026-01-01", None, "60.00"),
    ("couronne_ceramique_hlf", "2025-01-01", "500.00", "515.00"),
    ("couronne_zircone_hlf", "2025-01-01", "440.00", "453.20"),
    ("couronne_metallique_hlf", "2025-01-01", "290.00", "298.70"),
    ("couronne_tarif_maitrise_hlf", "2025-01-01", "550.00", "566.50"),
    # Complémentaire santé solidaire (grilles publiées), RSA, Mon soutien psy, bilan prévention.
    ("plafond_css_gratuite_1_personne", "2023-04-01", None, "9719"),
    ("plafond_css_gratuite_1_personne", "2024-04-01", "9719", "10166"),
    ("plafond_css_gratuite_1_personne", "2025-04-01", "10166", "10339"),
    ("plafond_css_gratuite_2_personnes", "2023-04-01", None, "14578"),
    ("plafond_css_gratuite_2_personnes", "2024-04-01", "14578", "15249"),
    ("plafond_css_gratuite_2_personnes", "2025-04-01", "15249", "15508"),
    ("plafond_css_gratuite_3_personnes", "2023-04-01", None, "17494"),
    ("plafond_css_gratuite_3_personnes", "2024-04-01", "17494", "18298"),
    ("plafond_css_gratuite_3_personnes", "2025-04-01", "18298", "18609"),
    ("plafond_css_gratuite_4_personnes", "2023-04-01", None, "20409"),
    ("plafond_css_gratuite_4_personnes", "2024-04-01", "20409", "21348"),
    ("plafond_css_gratuite_4_personnes", "2025-04-01", "21348", "21711"),
    ("plafond_css_gratuite_personne_sup", "2023-04-01", None, "3887"),
    ("plafond_css_gratuite_personne_sup", "2024-04-01", "3887", "4066"),
    ("plafond_css_gratuite_personne_sup", "2025-04-01", "4066", "4135"),
    ("plafond_css_participation_1_personne", "2023-04-01", None, "13120"),
    ("plafond_css_participation_1_personne", "2024-04-01", "13120", "13724"),
    ("plafond_css_participation_1_personne", "2025-04-01", "13724", "13957"),
    ("plafond_css_participation_2_personnes", "2023-04-01", None, "19680"),
    ("plafond_css_participation_2_personnes", "2024-04-01", "19680", "20586"),
    ("plafond_css_participation_2_personnes", "2025-04-01", "20586", "20936"),
    ("plafond_css_participation_3_personnes", "2023-04-01", None, "23616"),
    ("plafond_css_participation_3_personnes", "2024-04-01", "23616", "24703"),
    ("plafond_css_participation_3_personnes", "2025-04-01", "24703", "25123"),
    ("plafond_css_participation_4_personnes", "2023-04-01", None, "27553"),
    ("plafond_css_participation_4_personnes", "2024-04-01", "27553", "28820"),
    ("plafond_css_participation_4_personnes", "2025-04-01", "28820", "29311"),
    ("plafond_css_participation_personne_sup", "2023-04-01", None, "5248"),
    ("plafond_css_participation_personne_sup", "2024-04-01", "5248", "5490"),
    ("plafond_css_participation_personne_sup", "2025-04-01", "5490", "5583"),
    ("rsa_montant_forfaitaire", "2023-04-01", None, "607.75"),
    ("rsa_montant_forfaitaire", "2024-04-01", "607.75", "635.71"),
    ("rsa_montant_forfaitaire", "2025-04-01", "635.71", "646.52"),
    ("rsa_montant_forfaitaire", "2026-04-01", "646.52", "651.69"),
    ("seance_psychologue", "2024-06-29", "30.00", "50.00"),
    ("seances_psychologue_par_an", "2024-06-15", "8", "12"),
    ("bilan_prevention", "2024-01-01", None, "30.00"),
]


def actifs():
    return baremes.actifs()


def ids(changement):
    return f"{changement[0]}@{changement[1]}"


@pytest.mark.parametrize("changement", CHANGEMENTS, ids=ids)
def test_valeur_la_veille_le_jour_et_le_lendemain(changement):
    nom, jour, avant, apres = changement
    jour = dt.date.fromisoformat(jour)
    parametre = actifs().parametre(nom)
    if avant is None:
        with pytest.raises(KeyError):
            parametre.a_la_date(jour - UN_JOUR)
    else:
        assert parametre.a_la_date(jour - UN_JOUR).valeur == Decimal(avant)
    assert parametre.a_la_date(jour).valeur == Decimal(apres)
    assert parametre.a_la_date(jour).depuis == jour
    assert parametre.a_la_date(jour + UN_JOUR).valeur == Decimal(apres)


def test_tous_les_changements_depuis_2023_sont_couverts():
    """Une nouvelle date d'effet dans les fichiers doit être ajoutée à CHANGEMENTS (et vérifiée)."""
    dans_les_fichiers = {
        (nom, v.depuis.isoformat())
        for nom, p in actifs().parametres.items() for v in p.valeurs if v.depuis >= DEBUT
    }
    assert dans_les_fichiers == {(nom, jour) for nom, jour, _, _ in CHANGEMENTS}


def _valeurs_depuis_2023():
    for nom, p in sorted(baremes.actifs().parametres.items()):
        for i, v in enumerate(p.valeurs):
            if v.depuis >= DEBUT:
                yield pytest.param(nom, i, id=f"{nom}@{v.depuis.isoformat()}")


@pytest.mark.parametrize(("nom", "rang"), list(_valeurs_depuis_2023()))
def test_chaque_date_d_effet_generique(nom, rang):
    """Pour toute date d'effet ≥ 2023 : la veille donne la valeur précédente, le jour et le
    lendemain la nouvelle (sauf si la suivante commence le lendemain)."""
    p = actifs().parametre(nom)
    v = p.valeurs[rang]
    if rang == 0:
        with pytest.raises(KeyError):
            p.a_la_date(v.depuis - UN_JOUR)
    else:
        assert p.a_la_date(v.depuis - UN_JOUR) == p.valeurs[rang - 1]
    assert p.a_la_date(v.depuis) == v
    suivante = p.valeurs[rang + 1] if rang + 1 < len(p.valeurs) else None
    if suivante is None or suivante.depuis > v.depuis + UN_JOUR:
        assert p.a_la_date(v.depuis + UN_JOUR) == v


def test_chaque_parametre_a_une_valeur_au_debut_des_baremes():
    """Sauf ceux des actes qui n'existent qu'à partir d'une date (« depuis » au catalogue)."""
    from remb_core.parametres import DEBUTS_MOTEUR

    recents = dict(DEBUTS_MOTEUR)
    for acte in actifs().catalogue.actes.values():
        if acte.depuis is not None:
            for nom in [acte.base, acte.taux, *acte.bases_secteur.values(),
                        *(n for _, n in acte.bases_age)]:
                recents[nom] = acte.depuis
    for nom, p in actifs().parametres.items():
        assert p.a_la_date(recents.get(nom, DEBUT)).valeur >= 0, nom


def test_chaque_valeur_a_une_source():
    for nom, p in actifs().parametres.items():
        assert p.valeurs, nom
        for v in p.valeurs:
            assert isinstance(v.source, str) and v.source.strip(), (nom, v.depuis)


def test_valeurs_en_vigueur_au_1er_juin_2026():
    jour = dt.date(2026, 6, 1)
    attendu = {
        "participation_forfaitaire": "2.00", "participation_forfaitaire_plafond_annuel": "50.00",
        "participation_forfaitaire_max_par_jour": "4", "franchise_medicament": "1.00",
        "franchise_acte_paramedical": "1.00", "franchise_transport": "4.00",
        "franchise_plafond_annuel": "50.00", "taux_medecin": "70", "taux_hors_parcours": "30",
        "taux_dentaire": "60", "taux_dispositif": "60", "consultation_generaliste": "30.00",
        "pmss": "4005", "forfait_journalier": "23.00", "participation_actes_lourds": "32.00",
    }
    obtenu = {nom: str(actifs().valeur(nom, jour).valeur) for nom in attendu}
    assert obtenu == attendu


def test_consultation_generaliste_dans_une_simulation_autour_du_22_decembre_2024():
    for jour, base in (("2024-12-21", "26.50"), ("2024-12-22", "30.00"), ("2024-12-23", "30.00")):
        r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "30", "date": jour})
        assert r["base_remboursement"] == base, jour


def test_participation_dans_une_simulation_autour_du_15_mai_2024():
    for jour, pf in (("2024-05-14", "1.00"), ("2024-05-15", "2.00"), ("2024-05-16", "2.00")):
        r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "26.50", "date": jour})
        assert r["participation_forfaitaire"] == pf, jour


def test_franchise_dans_une_simulation_autour_du_31_mars_2024():
    for jour, franchise in (("2024-03-30", "0.50"), ("2024-03-31", "1.00"),
                            ("2024-04-01", "1.00")):
        r = remb_core.simuler({"acte": "medicament_65", "prix": "10", "date": jour})
        assert r["franchise"] == franchise, jour


def test_consultation_avant_la_premiere_valeur_leve_une_erreur():
    p = actifs().parametre("pmss")
    with pytest.raises(KeyError) as exc:
        p.a_la_date(dt.date(2022, 12, 31))
    assert "pmss" in str(exc.value)
    with pytest.raises(KeyError):
        actifs().valeur("pmss", dt.date(2022, 12, 31))


def test_parametre_inconnu_leve_une_erreur():
    with pytest.raises(KeyError) as exc:
        actifs().valeur("participation_imaginaire", dt.date(2026, 6, 1))
    assert "participation_imaginaire" in str(exc.value)


def test_simulation_datee_du_31_decembre_2022_refusee():
    with pytest.raises(ErreurSaisie) as exc:
        remb_core.simuler({"acte": "consultation_generaliste", "prix": "30",
                           "date": "2022-12-31"})
    assert exc.value.champ == "date"
    assert "date" in str(exc.value)
    assert "2023" in exc.value.message


def test_simulation_datee_du_1er_janvier_2023_acceptee():
    r = remb_core.simuler({"acte": "consultation_generaliste", "prix": "25", "date": "2023-01-01"})
    assert r["base_remboursement"] == "25.00"
    assert r["participation_forfaitaire"] == "1.00"


# --- Fichiers de barème mal formés --------------------------------------------------------------

ENTETE = '[p]\nlibelle = "Un paramètre"\nunite = "{unite}"\n'
DEUX_VALEURS = (
    'valeurs = [\n'
    '  {{ depuis = {d1}, valeur = {v1}, source = "Texte 1" }},\n'
    '  {{ depuis = {d2}, valeur = {v2}, source = "Texte 2" }},\n'
    ']\n'
)


def texte(unite="EUR", d1="2024-01-01", v1='"1.00"', d2="2025-01-01", v2='"2.00"', extra=""):
    return ENTETE.format(unite=unite) + extra + DEUX_VALEURS.format(d1=d1, v1=v1, d2=d2, v2=v2)


def test_un_fichier_correct_se_charge():
    b = baremes.charger_textes({**baremes.textes_du_paquet(), "x.toml": texte()})
    assert b.valeur("p", dt.date(2024, 6, 1)).valeur == Decimal("1.00")
    assert b.valeur("p", dt.date(2025, 1, 1)).valeur == Decimal("2.00")
    assert b.valeur("p", dt.date(2025, 1, 1)).source == "Texte 2"


def erreur(contenu: str) -> ErreurBareme:
    with pytest.raises(ErreurBareme) as exc:
        baremes.charger_textes({"x.toml": contenu})
    return exc.value


CASSES = {
    "cle_inconnue": (texte(extra='commentaire = "oups"\n'), ["clé inconnue", "commentaire"]),
    "cle_inconnue_dans_une_valeur": (
        texte(v1='"1.00", sourse = "oups"'), ["clé inconnue", "sourse"]),
    "source_absente": (
        ENTETE.format(unite="EUR")
        + 'valeurs = [ { depuis = 2024-01-01, valeur = "1.00" } ]\n',
        ["pas de source", "2024-01-01"]),
    "source_vide": (
        ENTETE.format(unite="EUR")
        + 'valeurs = [ { depuis = 2024-01-01, valeur = "1.00", source = "  " } ]\n',
        ["pas de source"]),
    "dates_dans_le_desordre": (texte(d1="2025-01-01", d2="2024-01-01"),
                               ["désordre", "2024-01-01"]),
    "date_en_double": (texte(d2="2024-01-01"), ["même date d'effet", "2024-01-01"]),
    "valeur_pas_un_nombre": (texte(v1='"abc"'), ["n'est pas un nombre", "abc"]),
    "valeur_flottante": (texte(v1="1.5"), ["virgule flottante", "guillemets"]),
    "taux_au_dessus_de_100": (texte(unite="pourcent", v1='"70"', v2='"120"'),
                              ["dépasse 100 %", "120"]),
    "valeurs_absentes": (ENTETE.format(unite="EUR"), ["obligatoire", "valeurs"]),
    "valeurs_vides": (ENTETE.format(unite="EUR") + "valeurs = []\n", ["non vide"]),
    "unite_inconnue": (texte(unite="francs"), ["unité", "francs"]),
    "valeur_negative": (texte(v1='"-1"'), ["négative"]),
    "date_entre_guillemets": (texte(d1='"2024-01-01"'), ["AAAA-MM-JJ"]),
}


@pytest.mark.parametrize(("contenu", "fragments"), CASSES.values(), ids=CASSES.keys())
def test_bareme_casse_refuse_avec_fichier_parametre_et_raison(contenu, fragments):
    exc = erreur(contenu)
    message = str(exc)
    assert "x.toml" in message
    assert "« p »" in message
    assert exc.fichier == "x.toml" and exc.parametre == "p"
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_bareme_casse_indique_la_ligne_de_la_valeur_fautive():
    exc = erreur(texte(v2='"abc"'))
    assert exc.ligne == 6  # la deuxième valeur, 6e ligne du texte
    assert "ligne 6" in str(exc)


def test_erreur_de_syntaxe_toml_avec_numero_de_ligne():
    contenu = texte().replace('libelle = "Un paramètre"', 'libelle = "Un paramètre')
    exc = erreur(contenu)
    assert "x.toml" in str(exc)
    assert "syntaxe TOML" in str(exc)
    assert exc.ligne == 2
    assert "ligne 2" in str(exc)


def test_erreur_de_syntaxe_toml_plus_bas():
    contenu = texte() + "\n[q]\nlibelle = \n"
    exc = erreur(contenu)
    assert exc.ligne == len(contenu.splitlines())
    assert f"ligne {exc.ligne}" in str(exc)


def test_nom_de_parametre_en_double_entre_deux_fichiers():
    with pytest.raises(ErreurBareme) as exc:
        baremes.charger_textes({"a.toml": texte(), "b.toml": texte()})
    assert "b.toml" in str(exc.value) and "a.toml" in str(exc.value)
    assert "« p »" in str(exc.value)


def test_les_fichiers_du_paquet_se_chargent():
    b = baremes.charger_textes(baremes.textes_du_paquet())
    assert "participation_forfaitaire" in b
    assert set(b.parametres) == set(actifs().parametres)


# --- Les paramètres que lit le moteur --------------------------------------------------------------
def _sans(nom: str, remplacement: str) -> dict[str, str]:
    """Les barèmes du paquet où le paramètre [nom] est renommé."""
    textes = baremes.textes_du_paquet()
    fichier = next(f for f, t in textes.items() if f"[{nom}]" in t)
    return {**textes, fichier: textes[fichier].replace(f"[{nom}]", f"[{remplacement}]")}


def test_parametre_du_moteur_renomme_refuse_au_chargement():
    with pytest.raises(ErreurBareme) as exc:
        baremes.charger_textes(_sans("pmss", "pmss_2026"))
    assert exc.value.parametre == "pmss"
    assert "le moteur utilise ce paramètre" in exc.value.message
    assert "aucun fichier de barème ne le définit" in exc.value.message


def test_parametre_du_moteur_renomme_nomme_par_verifier():
    from remb_core import maintenance

    rapport = maintenance.verifier(_sans("seuil_actes_lourds", "seuil"),
                                   maintenance.texte_du_catalogue())
    assert not rapport.ok
    assert any(c.parametre == "seuil_actes_lourds" and "le moteur" in c.message
               for c in rapport.erreurs), rapport.texte()


def test_parametre_du_moteur_avec_la_mauvaise_unite():
    textes = baremes.textes_du_paquet()
    fichier = next(f for f, t in textes.items() if "[participation_forfaitaire_max_par_jour]" in t)
    texte = textes[fichier]
    debut = texte.index("[participation_forfaitaire_max_par_jour]")
    fin = texte.index('unite = "nombre"', debut)
    textes[fichier] = texte[:fin] + 'unite = "EUR"' + texte[fin + len('unite = "nombre"'):]
    with pytest.raises(ErreurBareme) as exc:
        baremes.charger_textes(textes)
    assert exc.value.parametre == "participation_forfaitaire_max_par_jour"
    assert "incohérente" in exc.value.message


def test_le_code_ne_lit_que_des_parametres_declares():
    """Chaque `param("nom")` écrit dans le moteur est dans la table PARAMETRES_MOTEUR."""
    import pathlib
    import re

    from remb_core.parametres import PARAMETRES_MOTEUR

    racine = pathlib.Path(remb_core.__file__).parent
    lus = set()
    for fichier in racine.rglob("*.py"):
        lus |= set(re.findall(r"""(?:param|valeur)\(\s*["']([a-z0-9_]+)["']""",
                              fichier.read_text(encoding="utf-8")))
    indirects = set()
    for fichier in racine.rglob("*.py"):
        for dico in re.findall(r"= \{([^}]*)\}", fichier.read_text(encoding="utf-8")):
            indirects |= set(re.findall(r""":\s*["']((?:franchise|taux|plafond)_[a-z0-9_]+)["']""",
                                        dico))
    inconnus = sorted((lus | indirects) - set(PARAMETRES_MOTEUR))
    assert not inconnus, f"paramètres lus par le code sans être déclarés : {inconnus}"
    assert lus, "le motif de recherche ne trouve plus rien"


@pytest.mark.parametrize("jour, prevenu", [("2025-06-01", False), ("2026-03-31", False),
                                           ("2026-04-01", True)])
def test_css_previent_quand_les_plafonds_ont_plus_d_un_an(jour, prevenu):
    """Les plafonds de la CSS changent chaque 1er avril : un an après le dernier connu, le lecteur
    est prévenu qu'ils sont peut-être dépassés."""
    r = remb_core.estimer_css({"date": jour, "personnes": [{"age": 40}], "ressources": "9000"})
    assert any("pas encore dans le barème" in h for h in r["hypotheses"]) is prevenu


@pytest.mark.parametrize("jour", ["2025-06-01", "2026-03-31"])
def test_l_anniversaire_des_plafonds_de_la_css_compte_parmi_les_dates_qui_changent_un_calcul(jour):
    """Un calculateur sans champ date reprend le résultat de la construction tant qu'aucune de ces
    dates n'est passée : celle où l'estimation de la CSS se met à prévenir doit en être."""
    from remb_core.css import plafonds_anciens_le
    from site_macros.fraicheur import dates_qui_changent_un_calcul

    b = baremes.du_paquet()
    j = dt.date.fromisoformat(jour)
    anniversaire = plafonds_anciens_le(j, b)
    assert anniversaire.isoformat() == "2026-04-01"
    assert anniversaire.isoformat() in dates_qui_changent_un_calcul(j, b)
    veille = remb_core.estimer_css({"date": (anniversaire - dt.timedelta(days=1)).isoformat(),
                                    "personnes": [{"age": 40}], "ressources": "9000"})
    apres = remb_core.estimer_css({"date": anniversaire.isoformat(),
                                   "personnes": [{"age": 40}], "ressources": "9000"})
    assert veille["hypotheses"] != apres["hypotheses"]


def test_regime_local_acte_lourd_signale_a_confirmer():
    demande = {"acte": "hospitalisation_frais_sejour", "date": "2026-06-01", "prix": "3000", "jours": 3,
               "acte_lourd": True, "situation": {"regime": "alsace_moselle"}}
    r = remb_core.simuler(demande)
    assert any("actes lourds" in h and "à confirmer" in h for h in r["hypotheses"])
    demande["situation"] = {}
    assert not any("Alsace" in h for h in remb_core.simuler(demande)["hypotheses"])
