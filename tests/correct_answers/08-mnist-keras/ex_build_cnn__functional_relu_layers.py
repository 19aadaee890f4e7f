# 함수형 API, ReLU를 풀링 뒤 따로 / the functional API, ReLU as its own layer after pooling
def build_cnn(num_filters=(16, 32), dropout_rate=0.5, num_classes=10):
    """작은 합성곱 신경망 (컴파일됨) / A small compiled convolutional network."""
    inputs = keras.Input(shape=(28, 28, 1))
    h = inputs
    for filters in num_filters:
        h = layers.Conv2D(filters, (3, 3), strides=1, padding="valid")(h)
        h = layers.MaxPooling2D(pool_size=(2, 2))(h)
        h = layers.ReLU()(h)
    h = layers.Reshape((-1,))(h)
    h = layers.Dropout(dropout_rate)(h)
    outputs = layers.Dense(num_classes)(h)
    outputs = layers.Softmax()(outputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
