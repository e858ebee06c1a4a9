"""The soup census: what comes out of random soups, each object named by its apgcode.

    apgcodes   extended Wechsler format and the canonical apgcode of a periodic object
    identify   what one pattern is: apgcode, period, displacement, speed, heat, volatility
    soups      Catagolue's hashsoup: the soup of a seed string, in each of its symmetries
    objects    a settled soup split into objects, as apgsearch splits it
    census     many soups on the plane, the objects counted
"""
